import { Controller, Get } from '@nestjs/common';

/** `GET /ping` answers `pong`: the smallest route a test app needs. */
@Controller('ping')
export class PingController {
  @Get()
  ping(): string {
    return 'pong';
  }
}
