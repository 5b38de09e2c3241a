/** The file formats of the journey data export (GET /api/boards/:id/journey?format=), with their file extensions. */
export const JOURNEY_EXPORT_EXTENSIONS = {
  json: 'json',
  csv: 'csv',
  md: 'md',
  xlsx: 'xlsx',
  mermaid: 'mmd',
} as const;
export type JourneyExportFormat = keyof typeof JOURNEY_EXPORT_EXTENSIONS;
export const JOURNEY_EXPORT_FORMATS = Object.keys(JOURNEY_EXPORT_EXTENSIONS) as [JourneyExportFormat, ...JourneyExportFormat[]];

/** A download's base name from a board or map title: letters, digits, spaces as dashes. */
export function exportFileBaseName(title: string, fallback = 'journey'): string {
  return title.replace(/[^\p{L}\p{N} _-]+/gu, '').trim().replace(/\s+/g, '-').slice(0, 80) || fallback;
}
