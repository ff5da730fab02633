export * from './job.decorator';
export * from './middleware.decorator';
export * from './on-job-event.decorator';
export * from './periodic.decorator';
export * from './inject.decorators';
export * from './work-instance.decorator';
