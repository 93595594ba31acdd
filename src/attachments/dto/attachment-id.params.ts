import { ApiProperty } from '@nestjs/swagger';
import { IsResourceId } from '../../core/validation/validators.js';

/** `/v1/incidents/{id}/attachments`: the incident. */
export class AttachmentsParams {
  @ApiProperty({ description: 'The incident id', example: '00163E038C2E1EE299C1BB0BE9398F9B' })
  @IsResourceId()
  id!: string;
}

/** `/v1/incidents/{id}/attachments/{attachmentId}[/content]`. */
export class AttachmentIdParams extends AttachmentsParams {
  @ApiProperty({ example: '00163E038C2E1EE299C1BB0BE93B5678' })
  @IsResourceId()
  attachmentId!: string;
}
