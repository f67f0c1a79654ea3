import { describeDiscovery } from './discovery-suite';

describeDiscovery('real Redis');
