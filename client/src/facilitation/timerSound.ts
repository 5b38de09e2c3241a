/** A short two-tone chime generated in the browser (no sound file to load). */
export function playEndChime(): void {
  const AudioContextClass = window.AudioContext as typeof AudioContext | undefined;
  if (!AudioContextClass) return;
  const context = new AudioContextClass();
  const start = context.currentTime;
  for (const [index, frequency] of [880, 660].entries()) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.2, start + index * 0.25);
    gain.gain.exponentialRampToValueAtTime(0.001, start + index * 0.25 + 0.4);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start + index * 0.25);
    oscillator.stop(start + index * 0.25 + 0.45);
  }
  setTimeout(() => void context.close(), 1500);
}
