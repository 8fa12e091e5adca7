/** Hands a file to the browser as a download (exports, the link view's CSV and PNG). */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken the blob by the next task; a minute leaves slow phones room.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
