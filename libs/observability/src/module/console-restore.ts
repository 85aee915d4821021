import type { OnApplicationShutdown } from '@nestjs/common';
import { Injectable } from '@nestjs/common';
import { consoleRouting, restoreConsole } from '../logging/console-lines';

/**
 * Gives `console` its own methods back when the application shut down: what runs after
 * `app.close()` (a test's next case, a CLI's last words) writes as it would without the SDK.
 * Nest runs this module's shutdown hook before those of the modules importing it (the
 * application's own): `console` is given back on the next turn of the event loop, once they
 * ran, so that their lines are JSON too.
 *
 * @internal
 */
@Injectable()
export class ConsoleRestore implements OnApplicationShutdown {
  onApplicationShutdown(): void {
    const routing = consoleRouting();
    // Not when another application routed it since (a test's next one, started meanwhile).
    setImmediate(() => restoreConsole(routing));
  }
}
