import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiAcceptedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator.js';
import { ProblemDetailsDto } from '../core/openapi/problem-details.dto.js';
import { WebhookReceiptDto } from './dto/webhook-receipt.dto.js';
import { SIGNED_WEBHOOK } from './webhook-authenticator.service.js';
import { WebhookIntake, type WebhookReceipt } from './webhook-intake.service.js';

const ProblemResponse = (status: number, description: string): MethodDecorator =>
  ApiResponse({
    status,
    description,
    content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
  });

/** Cloud Elements event notifications; authenticated by their signature, not by a caller key. */
@Public()
@ApiTags('events')
@ApiExtraModels(ProblemDetailsDto)
@Controller('webhooks/cloud-elements')
export class WebhooksController {
  constructor(@Inject(WebhookIntake) private readonly intake: WebhookIntake) {}

  @Post(':tenant')
  @RouteConfig({ [SIGNED_WEBHOOK]: true })
  @HttpCode(202)
  @ApiOperation({
    summary: 'Receive a Cloud Elements event notification for a tenant (docs/events.md)',
  })
  @ApiHeader({ name: 'Elements-Webhook-Id', required: true })
  @ApiHeader({
    name: 'Elements-Webhook-Signature',
    required: true,
    description: 'sha256=<base64 HMAC-SHA256 of the raw body>',
  })
  @ApiAcceptedResponse({
    type: WebhookReceiptDto,
    description: 'Accepted; processed in the background',
  })
  @ApiOkResponse({
    type: WebhookReceiptDto,
    description: 'A replay of a notification already received',
  })
  @ProblemResponse(400, 'VALIDATION_FAILED: malformed body or Elements-Webhook-Id')
  @ProblemResponse(401, 'UNAUTHENTICATED: missing or wrong signature, or no key for the tenant')
  @ProblemResponse(404, 'NOT_FOUND: unknown tenant')
  @ProblemResponse(413, 'PAYLOAD_TOO_LARGE')
  @ProblemResponse(503, 'UPSTREAM_UNAVAILABLE: too many notifications waiting, retry later')
  async receive(
    @Param('tenant') tenant: string,
    @Headers('elements-webhook-id') webhookId: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookReceipt> {
    const receipt = await this.intake.receive(tenant, webhookId, body);
    if (receipt.status === 'duplicate') {
      void reply.status(200);
    }
    return receipt;
  }
}
