import { IncludeQueryDto } from '../../core/pagination/list-query.dto.js';

export class GetAttachmentQueryDto extends IncludeQueryDto {}
