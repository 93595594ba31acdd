import { ApiProperty } from '@nestjs/swagger';
import { IsResourceId } from '../../core/validation/validators.js';

export class ContactIdParams {
  @ApiProperty({ example: '00163E038C2E1EE299C1BB0BE9398F9B' })
  @IsResourceId()
  id!: string;
}
