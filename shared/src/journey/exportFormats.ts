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
