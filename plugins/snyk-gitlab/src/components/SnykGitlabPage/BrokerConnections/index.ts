export { BrokerConnections } from './BrokerConnections';
