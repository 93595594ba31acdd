import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { IsNotBlank, IsResourceId } from '../../core/validation/validators.js';

export const PHONE = /^(?=.*\d)[\d +()./-]+$/;

export class CreateContactDto {
  @ApiProperty({ minLength: 1, maxLength: 80, example: 'Ada' })
  @IsString()
  @Length(1, 80)
  @IsNotBlank()
  firstName!: string;

  @ApiProperty({ minLength: 1, maxLength: 80, example: 'Lovelace' })
  @IsString()
  @Length(1, 80)
  @IsNotBlank()
  lastName!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 254, example: 'ada@example.com' })
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
    example: '+49 89 1234567',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @Matches(PHONE, { message: '$property must be digits, spaces and + ( ) - . / only' })
  phone?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Id of an existing account; null (on update) unlinks',
  })
  @IsOptional()
  @IsResourceId()
  accountId?: string | null;
}
