import { Header, Inject } from '@nestjs/common';
import { z } from 'zod';
import { ApiController, Endpoint } from '../common/endpoint';
import { OPENAPI_DOC } from './tokens';

const SWAGGER_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Argus API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;

const SWAGGER_INIT = `window.ui = SwaggerUIBundle({ url: '/api/docs.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true });`;

@ApiController('', 'Docs')
export class DocsController {
  constructor(@Inject(OPENAPI_DOC) private readonly doc: () => Record<string, unknown>) {}

  @Endpoint({
    method: 'GET',
    path: 'docs.json',
    summary: 'The OpenAPI 3.1 document',
    permission: 'public',
    response: z.record(z.string(), z.unknown()),
  })
  json() {
    return this.doc();
  }

  @Endpoint({
    method: 'GET',
    path: 'docs',
    summary: 'Interactive API documentation (Swagger UI)',
    permission: 'public',
    response: z.string(),
  })
  @Header('Content-Type', 'text/html; charset=utf-8')
  ui() {
    return SWAGGER_HTML;
  }

  @Endpoint({ method: 'GET', path: 'docs/init.js', summary: 'Swagger UI start-up script', permission: 'public', response: z.string() })
  @Header('Content-Type', 'application/javascript; charset=utf-8')
  init() {
    return SWAGGER_INIT;
  }
}
