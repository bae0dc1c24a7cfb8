// Placeholder: the permessage-deflate module (issue 3).
