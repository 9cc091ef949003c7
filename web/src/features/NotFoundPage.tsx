import { Link } from 'react-router-dom';
import { EmptyState } from '../components/EmptyState';

export function NotFoundPage() {
  return (
    <>
      <title>Not found · Argus</title>
      <EmptyState
        icon="search"
        title="Page not found"
        description="The address may be mistyped, or the page has moved."
        action={
          <Link to="/" className="btn btn-secondary">
            Go to the dashboard
          </Link>
        }
      />
    </>
  );
}
