import { IncludeQueryDto } from '../../core/pagination/list-query.dto.js';

export class GetCommentQueryDto extends IncludeQueryDto {}
