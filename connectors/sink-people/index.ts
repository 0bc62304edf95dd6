export { peopleSink } from './people.sink';
export { PeopleConfig } from './people.config';
