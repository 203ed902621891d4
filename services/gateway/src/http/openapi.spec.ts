import { API_DOC_ROUTES, openApiDocument, openApiPath } from './openapi';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[]; requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }; responses: Record<string, { content?: Record<string, unknown> }> }>>;
};

describe('OpenAPI document of /api', () => {
  const doc = openApiDocument('1.0.0') as unknown as Doc;

  it('is OpenAPI 3.1 with one operation per documented route, path parameters declared', () => {
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(API_DOC_ROUTES.map((r) => `${r.method} ${openApiPath(r.path)}`).sort());
    for (const [path, ops] of Object.entries(doc.paths)) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const op of Object.values(ops)) {
        expect([path, op.parameters.filter((p) => p.in === 'path').map((p) => p.name)]).toEqual([path, inPath]);
      }
    }
  });

  it('takes bodies and queries from the zod schemas that validate them', () => {
    const put = doc.paths['/api/rules/{ruleId}'].put;
    const body = put.requestBody?.content['application/json'].schema as { properties: Record<string, unknown>; additionalProperties: boolean };
    expect(Object.keys(body.properties).sort()).toEqual(['enabled', 'params', 'scope', 'severity']);
    expect(body.additionalProperties).toBe(false);
    const kpis = doc.paths['/api/kpis'].get.parameters.map((p) => [p.name, p.required]);
    expect(kpis).toEqual([
      ['from', true],
      ['to', true],
      ['siteId', false],
      ['kind', false],
    ]);
    expect(doc.paths['/api/kpis'].get.parameters[0].schema).toMatchObject({ type: 'string', pattern: expect.any(String) });
    expect(Object.keys(doc.paths['/api/reports/{isoWeek}.csv'].get.responses['200'].content ?? {})).toEqual(['text/csv']);
  });

  it('only login and ingest are documented without the account token', () => {
    const open = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.security !== undefined)
        .map(([m, op]) => [`${m.toUpperCase()} ${path}`, op.security]),
    );
    expect(open).toEqual([
      ['POST /api/auth/login', []],
      ['POST /api/events', [{ ingestToken: [] }]],
    ]);
  });
});
