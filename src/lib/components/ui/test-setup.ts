// Component tests run with the app's stylesheet, so layout and tokens are as users see them.
import '@fontsource-variable/inter';
import '../../../app.css';
