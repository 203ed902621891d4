import { Controller, Get } from '@nestjs/common';
import { ListTargets, type TargetView } from '../usecases/list-targets/list-targets.usecase';

@Controller('targets')
export class TargetsController {
  constructor(private readonly listTargets: ListTargets) {}

  @Get()
  list(): Promise<TargetView[]> {
    return this.listTargets.execute();
  }
}
