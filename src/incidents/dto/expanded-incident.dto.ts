import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AccountDto } from '../../accounts/dto/account.dto.js';
import { CommentDto } from '../../comments/dto/comment.dto.js';
import { ContactDto } from '../../contacts/dto/contact.dto.js';
import { ErrorCode } from '../../core/errors/error-code.js';
import { PageInfoDto } from '../../core/openapi/problem-details.dto.js';
import { EXPANSIONS, type Expansion } from './get-incident-query.dto.js';
import { IncidentDto } from './incident.dto.js';

export class CommentPageDto {
  @ApiProperty({ type: [CommentDto] }) data!: CommentDto[];
  @ApiProperty({ type: PageInfoDto }) page!: PageInfoDto;
}

export class ExpansionErrorDto {
  @ApiProperty({ enum: EXPANSIONS }) expand!: Expansion;
  @ApiProperty({ enum: ErrorCode, enumName: 'ErrorCode' }) code!: ErrorCode;
}

/** An incident with `expand=…`: each member is null when it failed (see expansionErrors) or is unlinked. */
export class ExpandedIncidentDto extends IncidentDto {
  @ApiPropertyOptional({ type: CommentPageDto, nullable: true }) comments?: CommentPageDto | null;
  @ApiPropertyOptional({ type: ContactDto, nullable: true }) contact?: ContactDto | null;
  @ApiPropertyOptional({ type: AccountDto, nullable: true }) account?: AccountDto | null;
  @ApiPropertyOptional({ type: [ExpansionErrorDto] }) expansionErrors?: ExpansionErrorDto[];
}
