export { courseEnrollmentSink } from './course-enrollment.sink';
export { CourseEnrollmentConfig } from './course-enrollment.config';
