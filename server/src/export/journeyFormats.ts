/** The `format` parameter of GET /api/boards/:id/journey and how each answer is described in the OpenAPI document. */
import { z } from 'zod';
import { JOURNEY_EXPORT_FORMATS, JourneyDataSchema } from '../../../shared/src/index.ts';
import { binaryBody } from '../http/documentedBodies.ts';

export const JourneyFormatSchema = z
  .enum(JOURNEY_EXPORT_FORMATS)
  .default('json')
  .describe('json (validates against /api/schema/journey.json), csv (one row per card), md (report), xlsx (one sheet per map), mermaid (journey diagrams)');

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const text = z.string();
/** Response 200 per content type, for the OpenAPI document. */
export const journeyExportResponse = {
  description: 'The journey data in the requested format',
  content: {
    'application/json': { schema: JourneyDataSchema },
    'text/csv': { schema: text.describe('one row per card: map, stage, lane, text, touchpoint attributes, votes, comments') },
    'text/markdown': { schema: text.describe('a report: a stage x lane table per map, emotion curve, flows') },
    [XLSX_CONTENT_TYPE]: { schema: binaryBody('workbook: one sheet per map, stages as columns, lanes as rows') },
    'text/plain': { schema: text.describe('Mermaid `journey` diagrams, one per map; sections are stages, tasks are steps scored 1..5') },
  },
};
