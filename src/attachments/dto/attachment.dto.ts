import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AttachmentDto {
  @ApiProperty({ example: '00163E038C2E1EE299C1BB0BE93B5678' }) id!: string;
  @ApiProperty({ example: '00163E038C2E1EE299C1BB0BE9398F9B' }) incidentId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'screenshot.png' }) fileName!:
    string | null;
  @ApiProperty({ type: String, nullable: true, example: 'image/png' }) mimeType!: string | null;
  @ApiProperty({ type: Number, nullable: true, example: 70, description: 'Size of the content' })
  sizeBytes!: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) createdAt!: string | null;
  @ApiPropertyOptional({
    description:
      'The upstream record without its content (internal callers, include=raw); the bytes are at …/content',
  })
  raw?: Record<string, unknown>;
}
