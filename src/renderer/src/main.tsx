import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './global.css';
import { App } from './App';
import { connectToConsole } from './client/connect';
import { reportRendererErrors } from './client/errorReporting';
import { useConsoleStore } from './state/consoleStore';
import { createServerStateCache } from './state/serverState';

const cache = createServerStateCache();
const connection = connectToConsole();
if ('error' in connection) useConsoleStore.setState({ connectionError: connection.error });
else {
  reportRendererErrors(connection);
  void useConsoleStore.getState().connect(connection, cache);
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={cache}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
