import { Module } from '@nestjs/common';
import { StoreModule } from '../store/store.module';
import { ReadinessRegistration } from './readiness.registration';

/** Registers the sample service's readiness checks with the SDK. */
@Module({ imports: [StoreModule], providers: [ReadinessRegistration] })
export class HealthModule {}
