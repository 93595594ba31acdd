import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COMMENT_TYPES, type CommentType } from '../comment-types.js';

export class CommentDto {
  @ApiProperty({ example: '00163E038C2E1EE299C1BB0BE93A1234' }) id!: string;
  @ApiProperty({ example: '00163E038C2E1EE299C1BB0BE9398F9B' }) incidentId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'We are looking into it.' }) body!:
    string | null;
  @ApiProperty({
    enum: COMMENT_TYPES,
    description:
      'From the C4C TypeCode: 10004 description, 10007 reply_to_customer, 10008 reply_from_customer, 10011 internal_note, anything else other',
  })
  type!: CommentType;
  @ApiProperty({ type: String, nullable: true, example: '10007', description: 'The C4C TypeCode' })
  typeCode!: string | null;
  @ApiProperty({ type: String, nullable: true }) authorName!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) createdAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt!: string | null;
  @ApiPropertyOptional({
    description: 'The untouched upstream record (internal callers, include=raw)',
  })
  raw?: Record<string, unknown>;
}
