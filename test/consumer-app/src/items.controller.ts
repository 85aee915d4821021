import { Controller, Get, Inject, Logger, Param, ParseIntPipe } from '@nestjs/common';
import type { Item } from './items.service.js';
import { ItemsService } from './items.service.js';

/** `GET /items/:id`: logs a line in the request's trace and answers from the service. */
@Controller('items')
export class ItemsController {
  private readonly logger = new Logger(ItemsController.name);

  constructor(@Inject(ItemsService) private readonly items: ItemsService) {}

  @Get(':id')
  find(@Param('id', ParseIntPipe) id: number): Promise<Item> {
    this.logger.log(`finding item ${id}`);
    return this.items.find(id);
  }
}
