import type { INestApplication } from '@nestjs/common';
import {
  Controller,
  Get,
  NotFoundException,
  Param,
  RequestMethod,
  VersioningType,
} from '@nestjs/common';

/** The application's versioned route with a parameter (`GET /api/v1/models/:id`). */
@Controller({ path: 'models', version: '1' })
export class ModelsController {
  /** A versioned route with a parameter that answers 404 for a model it does not have. */
  @Get(':id')
  find(@Param('id') id: string): string {
    if (id !== '1') throw new NotFoundException(`no model ${id}`);
    return 'model 1';
  }
}

/** The application's route outside the prefix (`GET /status`). */
@Controller('status')
export class StatusController {
  /** A route outside the global prefix (`exclude`), for GET only. */
  @Get()
  status(): string {
    return 'up';
  }
}

/** Global prefix `api` (GET /status excluded), URI versioning. */
export function configureRouteLabels(nest: INestApplication): void {
  nest.setGlobalPrefix('api', { exclude: [{ path: 'status', method: RequestMethod.GET }] });
  nest.enableVersioning({ type: VersioningType.URI });
}
