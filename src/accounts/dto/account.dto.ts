import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AccountDto {
  @ApiProperty({ example: '00163E038C2E1EE299C1BB0BE9398F9B' }) id!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '1000123',
    description: 'The business key incidents and contacts link by',
  })
  number!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Acme Corporation' }) name!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'info@acme.example' }) email!:
    string | null;
  @ApiProperty({ type: String, nullable: true, example: '+49 30 1234567' }) phone!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) createdAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Send as If-Match to update safely' })
  version!: string | null;
  @ApiPropertyOptional({
    description: 'The untouched upstream record (internal callers, include=raw)',
  })
  raw?: Record<string, unknown>;
}
