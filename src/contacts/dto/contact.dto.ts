import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ContactDto {
  @ApiProperty({ example: '00163E038C2E1EE299C1BB0BE9398F9B' }) id!: string;
  @ApiProperty({ type: String, nullable: true, example: '1100042' }) number!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Ada' }) firstName!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Lovelace' }) lastName!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'ada@example.com' }) email!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '+49 89 1234567' }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The linked account id' }) accountId!:
    string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) createdAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Send as If-Match to update safely' })
  version!: string | null;
  @ApiPropertyOptional({
    description: 'The untouched upstream record (internal callers, include=raw)',
  })
  raw?: Record<string, unknown>;
}
