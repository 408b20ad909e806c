// Serves /openapi/v2 and /openapi/v3 (transitional: documents are built by src/api/openapi once merged).
import { notFoundPath } from './handlers/response.ts';
import type { ResourceTable } from './registry/resource-table.ts';

export class OpenApiService {
  readonly table: ResourceTable;
  constructor(table: ResourceTable) {
    this.table = table;
  }
  serve(_request: Request, _url: URL): Response {
    return notFoundPath();
  }
}
