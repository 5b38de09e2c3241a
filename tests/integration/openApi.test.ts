import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_DOCS_PATH, isApiPath } from '../../server/src/http/openApi.ts';
import { startInProcess, testConfig } from '../support/inProcessServer.ts';
import { parseRouteTree, toOpenApiPath, type RegisteredRoute } from '../support/routeList.ts';

type Server = Awaited<ReturnType<typeof startInProcess>>;
type OpenApiDocument = { openapi: string; paths: Record<string, Record<string, { summary?: string; responses?: object }>> };

let server: Server;
let document: OpenApiDocument;

beforeAll(async () => {
  server = await startInProcess(testConfig());
  const response = await fetch(`${server.url}/api/openapi.json`);
  expect(response.status).toBe(200);
  document = (await response.json()) as OpenApiDocument;
});
afterAll(async () => {
  await server.close();
});

/** Routes that are not API endpoints: the web client's files and the API page's own scripts and styles. */
const isDocumented = (route: RegisteredRoute): boolean => isApiPath(route.path) && !route.path.startsWith(`${API_DOCS_PATH}/`);

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    expect(document.openapi).toBe('3.1.0');
    // validate() checks the document against the OpenAPI schema and resolves every $ref.
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
  });

  it('describes every route the server has registered, each with a summary and responses', () => {
    const routes = parseRouteTree(server.http.printRoutes({ commonPrefix: false })).filter(isDocumented);
    // Sanity: the parse found the routes of every route file.
    for (const path of ['/api/boards', '/api/boards/:id/links/:linkId', '/api/boards/:id/versions/:versionId/restore', '/api/boards/:id/assets/:assetId', '/api/boards/:id/journey', '/healthz', '/metrics', '/api/openapi.json']) {
      expect(routes.map((route) => route.path)).toContain(path);
    }
    const missing = routes.filter((route) => !document.paths[toOpenApiPath(route.path)]?.[route.method.toLowerCase()]);
    expect(missing).toEqual([]);
    for (const route of routes) {
      const operation = document.paths[toOpenApiPath(route.path)]![route.method.toLowerCase()]!;
      expect(operation.summary, `${route.method} ${route.path}`).toBeTruthy();
      expect(Object.keys(operation.responses ?? {}).length, `${route.method} ${route.path}`).toBeGreaterThan(0);
    }
  });

  it('documents only real endpoints, plus the WebSocket sync endpoint', () => {
    const routes = new Set(
      parseRouteTree(server.http.printRoutes({ commonPrefix: false })).map((route) => `${route.method.toLowerCase()} ${toOpenApiPath(route.path)}`),
    );
    const documented = Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`));
    expect(documented.filter((operation) => !routes.has(operation))).toEqual(['get /sync/{boardId}']);
  });

  it('takes request and response schemas from the zod definitions the routes validate with', () => {
    const createBoard = document.paths['/api/boards']!.post as { requestBody: { content: Record<string, { schema: { properties: object; required: string[] } }> } };
    const body = createBoard.requestBody.content['application/json']!.schema;
    expect(Object.keys(body.properties)).toEqual(['title', 'locale']);
    expect(body.required).toEqual(['title']);
    const journey = document.paths['/api/boards/{id}/journey']!.get as {
      parameters: Array<{ name: string; schema: { enum?: string[] } }>;
      responses: Record<string, { content: Record<string, unknown> }>;
    };
    expect(journey.parameters.find((p) => p.name === 'format')?.schema.enum).toEqual(['json', 'csv', 'md', 'xlsx', 'mermaid']);
    expect(Object.keys(journey.responses['200']!.content)).toContain('application/json');
  });

  it('serves a readable API page whose scripts come from this server', async () => {
    const page = await fetch(`${server.url}${API_DOCS_PATH}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui');
    const sources = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(source.startsWith('/') || source.startsWith('./'), source).toBe(true);
      expect((await fetch(new URL(source, `${server.url}${API_DOCS_PATH}/`))).status, source).toBe(200);
    }
  });
});
