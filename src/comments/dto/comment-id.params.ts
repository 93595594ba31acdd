import { ApiProperty } from '@nestjs/swagger';
import { IsResourceId } from '../../core/validation/validators.js';

/** `/v1/incidents/{id}/comments`: the incident. */
export class CommentsParams {
  @ApiProperty({ description: 'The incident id', example: '00163E038C2E1EE299C1BB0BE9398F9B' })
  @IsResourceId()
  id!: string;
}

/** `/v1/incidents/{id}/comments/{commentId}`. */
export class CommentIdParams extends CommentsParams {
  @ApiProperty({ example: '00163E038C2E1EE299C1BB0BE93A1234' })
  @IsResourceId()
  commentId!: string;
}
