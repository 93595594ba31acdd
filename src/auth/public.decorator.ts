import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'helpdesk-gateway:public';

/** Marks a controller or route that needs no caller credentials (health, metrics, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
