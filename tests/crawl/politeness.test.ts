import { describePoliteness } from './politeness-suite';

describePoliteness('real Redis');
