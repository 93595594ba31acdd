import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { IsNotBlank } from '../../core/validation/validators.js';

export const PHONE = /^(?=.*\d)[\d +()./-]+$/;

export class CreateAccountDto {
  @ApiProperty({ minLength: 1, maxLength: 160, example: 'Acme Corporation' })
  @IsString()
  @Length(1, 160)
  @IsNotBlank()
  name!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 254,
    example: 'info@acme.example',
  })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  @IsEmail()
  email?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 40,
    description: 'Digits, spaces and + ( ) - . /',
    example: '+49 30 1234567',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(PHONE, { message: '$property must be digits, spaces and + ( ) - . / only' })
  phone?: string | null;
}
