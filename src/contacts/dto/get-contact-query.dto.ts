import { IncludeQueryDto } from '../../core/pagination/list-query.dto.js';

export class GetContactQueryDto extends IncludeQueryDto {}
