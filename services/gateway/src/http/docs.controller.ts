import { Controller, Get } from '@nestjs/common';
import { openApiDocument } from './openapi';

/** The OpenAPI document of `/api`, generated once from the routes' zod schemas. */
@Controller('api/docs')
export class DocsController {
  private readonly document = openApiDocument('1.0.0');

  @Get()
  get(): Record<string, unknown> {
    return this.document;
  }
}
