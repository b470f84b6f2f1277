import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// find* queries wait up to 5 s (not 1 s): the whole suite shares two cores in
// CI, and a card's first render with its lazy parts can take longer than 1 s.
configure({ asyncUtilTimeout: 5000 });
// And a test may take 30 s (not 5 s): typing into the MUI forms re-renders
// them at each key, which a loaded machine makes slow.
jest.setTimeout(30_000);
