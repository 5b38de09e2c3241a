import type { Locale } from '../../../shared/src/index.ts';
import { useLocalized } from '../i18n/useMessages.ts';

/** Strings of the export menu; the English table defines the keys. */
const en = {
  export: 'Export',
  exportTitle: 'Export',
  close: 'Close',
  canvasHeading: 'Picture of the canvas',
  scope: 'What',
  scopeBoard: 'Whole board',
  scopeSelection: 'Selection',
  scopeSelectionEmpty: 'Selection (nothing selected)',
  scopeTemplate: 'Template: {name}',
  png: 'PNG image',
  svg: 'SVG vector',
  pdf: 'PDF (A3, one page per map)',
  pdfHint: 'The PDF has one A3 landscape page per journey map or frame; without any, one page of the whole board.',
  dataHeading: 'Journey data',
  json: 'JSON',
  csv: 'CSV (one row per card)',
  markdown: 'Markdown report',
  xlsx: 'Excel (XLSX)',
  mermaid: 'Mermaid journey',
  apiDocs: 'API documentation',
  working: 'Exporting…',
  nothingToExport: 'Nothing to export here.',
  failed: 'Export failed: {reason}',
  untitled: 'Untitled',
};
export type ExportMessages = typeof en;

const de = {
  export: 'Export',
  exportTitle: 'Exportieren',
  close: 'Schließen',
  canvasHeading: 'Bild der Fläche',
  scope: 'Was',
  scopeBoard: 'Ganzes Board',
  scopeSelection: 'Auswahl',
  scopeSelectionEmpty: 'Auswahl (nichts ausgewählt)',
  scopeTemplate: 'Vorlage: {name}',
  png: 'PNG-Bild',
  svg: 'SVG-Vektorgrafik',
  pdf: 'PDF (A3, eine Seite pro Map)',
  pdfHint: 'Das PDF hat eine A3-Querformatseite pro Journey Map oder Rahmen; ohne solche eine Seite mit dem ganzen Board.',
  dataHeading: 'Journey-Daten',
  json: 'JSON',
  csv: 'CSV (eine Zeile pro Karte)',
  markdown: 'Markdown-Bericht',
  xlsx: 'Excel (XLSX)',
  mermaid: 'Mermaid-Journey',
  apiDocs: 'API-Dokumentation',
  working: 'Wird exportiert…',
  nothingToExport: 'Hier gibt es nichts zu exportieren.',
  failed: 'Export fehlgeschlagen: {reason}',
  untitled: 'Ohne Titel',
} satisfies ExportMessages;

export const EXPORT_MESSAGES: Record<Locale, ExportMessages> = { en, de };

export function useExportMessages(): ExportMessages {
  return useLocalized(EXPORT_MESSAGES);
}
