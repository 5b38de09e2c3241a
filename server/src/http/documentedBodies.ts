import { z } from 'zod';

/**
 * A response body that is bytes (an image, a workbook) or absent (204, 304): documented by
 * its description, typed for the reply, never serialised (fastify sends buffers as they are).
 */
export const binaryBody = (description: string) =>
  z.custom<Buffer>((value) => Buffer.isBuffer(value)).meta({ type: 'string', format: 'binary', description });
export const noBody = (description: string) => z.undefined().meta({ description });
