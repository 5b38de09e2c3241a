/**
 * The OpenAPI document at /api/openapi.json and the readable API page at /api/docs.
 * The document is built from the zod schemas the routes validate with (through the zod
 * type provider's jsonSchemaTransform), so it cannot drift from what the server accepts.
 * Register it before any route: @fastify/swagger learns routes as they are added.
 */
import fastifySwagger, { type SwaggerOptions } from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { createJsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
// Bytes and absent bodies have no JSON Schema of their own: their metadata stands for them.
const jsonSchemaTransform = createJsonSchemaTransform({ zodToJsonConfig: { unrepresentable: 'any' } });

export const OPENAPI_PATH = '/api/openapi.json';
export const API_DOCS_PATH = '/api/docs';

/** Paths that belong to the API; everything else the server answers is the web client's files. */
export const API_PATH_PREFIXES = ['/api/', '/healthz', '/readyz', '/metrics'] as const;
export const isApiPath = (url: string): boolean => API_PATH_PREFIXES.some((prefix) => url.startsWith(prefix));

/** Groups of the API page, in the order it shows them. */
const TAGS = {
  boards: 'Creating, listing and opening boards',
  'share links': 'Per-board links that carry a role',
  journey: 'Journey data and its exports (JSON, CSV, Markdown, XLSX, Mermaid)',
  versions: 'Version history: named and automatic versions, diffs, restore',
  images: 'Images uploaded to a board',
  system: 'Health, metrics, configuration and this document',
  sync: 'Real-time collaboration',
  'live metrics': 'Measured values (KPIs) posted for cards: live badges, time series',
  import: 'A journey map from a CSV or XLSX table',
  webhooks: 'Signed deliveries of board events to allowed targets',
  portfolio: 'Every board and touchpoint the caller may see, from the stored index',
} as const;
type Tag = keyof typeof TAGS;

/** A route's group by its path; the first match wins, anything else is 'system'. */
const TAG_OF_PATH: ReadonlyArray<[Tag, RegExp]> = [
  ['live metrics', /\/metrics$/],
  ['import', /\/import$/],
  ['webhooks', /\/webhooks/],
  ['portfolio', /^\/api\/portfolio/],
  ['journey', /\/journey|\/schema\//],
  ['share links', /\/links/],
  ['versions', /\/versions/],
  ['images', /\/assets/],
  ['boards', /^\/api\/boards/],
];
const tagOf = (url: string): Tag => TAG_OF_PATH.find(([, pattern]) => pattern.test(url))?.[0] ?? 'system';

/** The WebSocket endpoint is not a fastify route (it is answered on 'upgrade'), so it is described here. */
const SYNC_PATH = {
  '/sync/{boardId}': {
    get: {
      tags: ['sync'],
      summary: 'Live board sync over WebSocket (y-websocket protocol)',
      description:
        'Upgrade to a WebSocket and speak the y-websocket protocol (Yjs sync and awareness messages). ' +
        'The share-link token goes in `?token=`. Invalid changes are reverted by the server; close codes are listed in shared/src/closeCodes.ts.',
      parameters: [
        { name: 'boardId', in: 'path', required: true, schema: { type: 'string' as const } },
        { name: 'token', in: 'query', required: false, schema: { type: 'string' as const }, description: 'share-link token' },
      ],
      responses: { '101': { description: 'Switching Protocols: the WebSocket is open' }, '404': { description: 'unknown board' } },
    },
  },
};

export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  const options: SwaggerOptions = {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Journeyboard API',
        version,
        description:
          'Boards, share links, version history, images and the journey data of a Journeyboard server. ' +
          'Board endpoints need the role a share link gives: send its token as `Authorization: Bearer <token>` ' +
          '(or `?token=` for plain download links). Errors are `{"error": {"code", "message"}}`.',
      },
      tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
      components: {
        securitySchemes: {
          shareLink: { type: 'http', scheme: 'bearer', description: 'a share-link token (or the ADMIN_TOKEN where noted)' },
          shareLinkQuery: { type: 'apiKey', in: 'query', name: 'token', description: 'the same token as a query parameter' },
        },
      },
      // Anonymous access is allowed where the server's ANONYMOUS_ROLE permits it.
      security: [{}, { shareLink: [] }, { shareLinkQuery: [] }],
      paths: {
        ...SYNC_PATH,
        // Swagger UI hides its own routes; the page itself is an endpoint people open.
        [API_DOCS_PATH]: {
          get: { tags: ['system'], summary: 'This API as a readable page (Swagger UI)', responses: { '200': { description: 'an HTML page' } } },
        },
      },
    },
    transform: (document) => {
      if (!isApiPath(document.url)) return { schema: { hide: true }, url: document.url };
      const transformed = jsonSchemaTransform(document);
      const schema: FastifySchema = transformed.schema ?? {};
      return { ...transformed, schema: { ...schema, tags: schema.tags ?? [tagOf(document.url)] } };
    },
  };
  await app.register(fastifySwagger, options);

  const documentResponse = { description: 'the OpenAPI 3.1 document', content: { 'application/json': { schema: z.looseObject({ openapi: z.string() }) } } };
  app.get(OPENAPI_PATH, { schema: { summary: 'This OpenAPI 3.1 document', tags: ['system'], response: { 200: documentResponse } } }, async (_request, reply) => {
    await reply.header('cache-control', 'no-cache').send(app.swagger());
  });

  // Swagger UI serves its own scripts and styles from the package: the page works offline and
  // loads nothing from another origin (its online validator badge is switched off).
  await app.register(fastifySwaggerUi, {
    routePrefix: API_DOCS_PATH,
    uiConfig: { docExpansion: 'list', deepLinking: true },
    validatorUrl: false,
    theme: { title: 'Journeyboard API' },
    staticCSP: true,
  });
}
