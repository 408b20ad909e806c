// Serves /openapi/v2, /openapi/v3 and /openapi/v3/<group-version> from the resource table:
// the documents (src/api/openapi) are rebuilt lazily whenever the table changes (a CRD came,
// changed or went), so kubectl explain, apply and edit always see what is served.
import {
  type ApiResourceDescription,
  answerOpenAPI,
  OpenAPIService as Documents,
  describeStrategies,
} from '../api/openapi/index.ts';
import { KTS_VERSION } from '../api/version.ts';
import type { ApiRequest } from './api-request.ts';
import type { ResourceTable } from './registry/resource-table.ts';

function describeTable(table: ResourceTable): ApiResourceDescription[] {
  const out: ApiResourceDescription[] = [];
  for (const served of table.resources()) {
    const described = describeStrategies([served.strategy]);
    for (const d of described) {
      const schema = served.custom ? served.customSchemas?.[d.version] : undefined;
      out.push(schema ? { ...d, schema } : d);
    }
  }
  return out;
}

export class OpenApiService {
  private readonly table: ResourceTable;
  private documents: Documents | undefined;
  private builtFor = -1;

  constructor(table: ResourceTable) {
    this.table = table;
  }

  private current(): Documents {
    if (!this.documents)
      this.documents = new Documents(describeTable(this.table), { serverVersion: KTS_VERSION });
    else if (this.builtFor !== this.table.generation) this.documents.setResources(describeTable(this.table));
    this.builtFor = this.table.generation;
    return this.documents;
  }

  serve(request: ApiRequest, url: URL): Response {
    const answer = answerOpenAPI(this.current(), {
      path: url.pathname,
      hash: url.searchParams.get('hash'),
      ...(request.headers.get('accept') ? { accept: request.headers.get('accept')! } : {}),
      ...(request.headers.get('if-none-match') ? { ifNoneMatch: request.headers.get('if-none-match')! } : {}),
      now: new Date(),
    });
    if (!answer)
      return new Response('404 page not found\n', {
        status: 404,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      });
    return new Response(answer.body ?? null, { status: answer.status, headers: answer.headers });
  }
}
