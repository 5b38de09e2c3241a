/** Saves a blob as a file through the browser's download. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own reference by now; the URL may go once this task ends.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A file name from a board or template title: letters, digits, spaces as dashes. */
export function fileBaseName(title: string): string {
  return title.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().replace(/\s+/g, '-').slice(0, 80) || 'board';
}
