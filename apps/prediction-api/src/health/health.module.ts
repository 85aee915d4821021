import { Module } from '@nestjs/common';
import { ReadinessRegistration } from './readiness.registration';

/** Registers the sample service's readiness checks with the SDK. */
@Module({ providers: [ReadinessRegistration] })
export class HealthModule {}
