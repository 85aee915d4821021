import { Injectable } from '@nestjs/common';
import { Counted, Timed, Traced } from 'nestjs-observability';

/** An item of the consumer app. */
export interface Item {
  readonly id: number;
  readonly name: string;
}

/** A decorated service, as a user writes one: a span, a duration and a count per call. */
@Injectable()
export class ItemsService {
  @Traced()
  @Timed()
  @Counted()
  async find(id: number): Promise<Item> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return { id, name: `item-${id}` };
  }
}
