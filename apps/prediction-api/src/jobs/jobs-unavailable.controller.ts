import { All, Controller, ServiceUnavailableException } from '@nestjs/common';

/** Without `REDIS_URL` there is no queue: the job routes answer 503, naming the variable. */
@Controller('predict/jobs')
export class JobsUnavailableController {
  @All(['', ':id'])
  unavailable(): never {
    throw new ServiceUnavailableException({
      statusCode: 503,
      error: 'Service Unavailable',
      message:
        'Batch-scoring jobs need a queue: REDIS_URL is not set. Fix: set REDIS_URL (such as redis://cache:6379/0) and restart the service.',
    });
  }
}
