import { ApiProperty } from '@nestjs/swagger';

export class WebhookReceiptDto {
  @ApiProperty({
    enum: ['accepted', 'duplicate'],
    description: 'duplicate: this Elements-Webhook-Id was seen before and is not processed again',
  })
  status!: 'accepted' | 'duplicate';

  @ApiProperty({ example: 3, description: 'Changes found in the notification (0 for a duplicate)' })
  changes!: number;
}
