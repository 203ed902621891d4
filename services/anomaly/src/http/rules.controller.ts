import { Body, Controller, Delete, Get, Param, Put, Query } from '@nestjs/common';
import { Severity } from '@vigie/contracts';
import { parseBody } from '@vigie/health';
import { z } from 'zod';
import { RulesService } from '../rules/rules.service';

const Token = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);
const Scope = z.object({ siteId: Token.optional(), subject: Token.optional() }).strict();

export const RuleOverrideBody = z
  .object({
    scope: Scope.default({}),
    enabled: z.boolean().optional(),
    severity: Severity.optional(),
    params: z.record(z.string(), z.number()).optional(),
    by: Token,
  })
  .strict()
  .refine((b) => b.enabled !== undefined || b.severity !== undefined || b.params !== undefined, {
    message: 'give at least one of enabled, severity, params',
  });

/** Rules and their overrides: `GET /rules`, `PUT /rules/:id` (one scope), `DELETE /rules/:id/overrides`. */
@Controller('rules')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Get()
  list() {
    return { items: this.rules.list() };
  }

  @Get(':ruleId')
  get(@Param('ruleId') ruleId: string) {
    return this.rules.get(ruleId);
  }

  @Put(':ruleId')
  put(@Param('ruleId') ruleId: string, @Body() body: unknown) {
    const change = parseBody(RuleOverrideBody, body);
    return this.rules.setOverride(ruleId, change);
  }

  @Delete(':ruleId/overrides')
  remove(@Param('ruleId') ruleId: string, @Query() query: unknown) {
    return this.rules.removeOverride(ruleId, parseBody(Scope, query, 'query'));
  }
}
