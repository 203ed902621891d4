import { Controller, Get } from '@nestjs/common';
import type { TargetStatus } from '../domain/target-status';
import { TargetStatusStore } from '../targets/target-status.store';

@Controller('targets')
export class TargetsController {
  constructor(private readonly store: TargetStatusStore) {}

  /** The latest probe of every target, in MONITOR_TARGETS order. */
  @Get()
  list(): { items: TargetStatus[] } {
    return { items: this.store.all() };
  }
}
