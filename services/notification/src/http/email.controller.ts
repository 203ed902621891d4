import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { DomainError } from '@vigie/health';
import { SendTestNotification } from '../usecases/send-test-notification/send-test-notification.usecase';
import { ApiTokenGuard } from './api-token.guard';

/** The e-mail channel's test send: 200 when every recipient's server accepted it, 502 otherwise (with each outcome). */
@Controller('email')
@UseGuards(ApiTokenGuard)
export class EmailController {
  constructor(private readonly sendTest: SendTestNotification) {}

  @Post('test')
  @HttpCode(200)
  async test() {
    const items = await this.sendTest.toEmail();
    const off = items.find((o) => o.error?.code === 'email.off' || o.error?.code === 'email.no-recipient');
    if (off) throw new DomainError(off.error!.code, off.error!.message, 409);
    const failed = items.filter((o) => !o.ok);
    if (failed.length > 0) {
      throw new DomainError(
        failed[0].error?.code ?? 'email.failed',
        `${failed.length} of ${items.length} test e-mail(s) not accepted: ${failed.map((f) => `${f.recipient} ${f.error?.code}: ${f.error?.message}`).join('; ')}`,
        502,
      );
    }
    return { ok: true, items };
  }
}
