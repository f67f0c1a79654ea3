import { describePipeline } from './pipeline-suite';

describePipeline('real Redis, real Elasticsearch');
